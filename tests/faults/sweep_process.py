"""One reminder sweep in a process of its own, as a beat-triggered worker runs it, on the
database and mail server the environment names (see processes.py).

    python -m tests.faults.sweep_process NOW [--start-at EPOCH] [--batch N] [--pause S]

NOW: the moment the ladder is judged at (ISO); --start-at: wait until this wall-clock
time first (two processes released together); --batch/--pause: recipients per
transaction and a pause after each, so that a test can kill the process between two.
Prints the sweep's tally as one JSON line.
"""

import argparse
import datetime as dt
import json
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("now")
    parser.add_argument("--start-at", type=float, default=0.0)
    parser.add_argument("--batch", type=int, default=0)
    parser.add_argument("--pause", type=float, default=0.0)
    args = parser.parse_args()

    import django

    django.setup()
    from assignments.reminders import sweep

    if args.batch:
        sweep.SEND_BATCH = args.batch
    if args.pause:
        from tracker import channels

        create = channels.deliveries_create

        def create_then_pause(notifications, *a, **kw):
            created = create(notifications, *a, **kw)
            time.sleep(args.pause)  # inside the batch's transaction: killed before commit
            return created

        channels.deliveries_create = create_then_pause
    while time.time() < args.start_at:
        time.sleep(0.005)
    result = sweep.reminders_sweep(now=dt.datetime.fromisoformat(args.now))
    print(json.dumps(result.as_dict(), default=str), flush=True)


if __name__ == "__main__":
    main()
