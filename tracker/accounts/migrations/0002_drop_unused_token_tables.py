"""Drop the token tables nothing reads any more: DRF's `authtoken_token` (replaced by
`accounts.DeviceToken`; its tokens never expired) and knox's own `knox_authtoken` (its
model is swapped for DeviceToken). Both point at auth_user, and an unused table that
does stops a TRUNCATE of the users (a PostgreSQL flush)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
        migrations.RunSQL("DROP TABLE IF EXISTS knox_authtoken", migrations.RunSQL.noop),
    ]
