"""Run the same operation from many threads at once, as many requests would."""

import threading

from django.db import connection


def run_at_once(operation, arguments):
    """Call `operation(argument)` for each argument, all released together.

    Returns the results and the exceptions raised, each in finishing order."""
    barrier = threading.Barrier(len(arguments))
    results, errors = [], []

    def run(argument):
        try:
            barrier.wait()
            results.append(operation(argument))
        except Exception as error:  # noqa: BLE001 - every failure is returned
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
