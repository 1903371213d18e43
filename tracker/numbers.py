"""Numbers written the Vietnamese way (746.300; 75,5), for pages, e-mails and files
alike: a module of its own, below the template tags and the notification texts that
both use it."""


def vnnum(value, decimals=2) -> str:
    """A number in Vietnamese form whatever the UI language, as dates are: 746.300;
    75,5 (at most `decimals` decimals, no trailing zeros); "—" for none."""
    if value is None or value == "":
        return "—"
    try:
        number = round(float(value), int(decimals))
    except (TypeError, ValueError):
        return str(value)
    whole, _dot, fraction = f"{abs(number):,.{int(decimals)}f}".partition(".")
    fraction = fraction.rstrip("0")
    text = whole.replace(",", ".") + ("," + fraction if fraction else "")
    return ("-" if number < 0 else "") + text
