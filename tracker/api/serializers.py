"""Serializers of the core: units, groups, notifications, login."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tracker.models import Notification, Unit, UnitGroup


class UnitSerializer(serializers.ModelSerializer):
    """A unit; `valid_from`/`valid_to` the days it was created and dissolved (null:
    unknown / still exists), `predecessors`/`successors` its line of descent. Listed with
    `?as_of=YYYY-MM-DD`, a unit shows the name and parent it had that day."""

    predecessors = serializers.SerializerMethodField()
    successors = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name", "kind", "parent", "order", "aliases",
                  "is_active", "dissolved_on", "successor", "valid_from", "valid_to",
                  "predecessors", "successors"]
        read_only_fields = fields

    def get_predecessors(self, unit) -> list[int]:
        return sorted(s.predecessor_id for s in unit.succession_in.all())

    def get_successors(self, unit) -> list[int]:
        return sorted(s.successor_id for s in unit.succession_out.all())

    def to_representation(self, unit):
        data = super().to_representation(unit)
        tree = self.context.get("tree")  # the tree as of `?as_of=` (tracker.selectors)
        on_day = tree.unit(unit.pk) if tree is not None else None
        if on_day is not None:
            data.update(name=on_day.name, short_name=on_day.short_name,
                        parent=on_day.parent_id)
        return data


class UnitGroupSerializer(serializers.ModelSerializer):
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = UnitGroup
        fields = ["id", "code", "name", "aliases", "members"]
        read_only_fields = fields


class NotificationSerializer(serializers.ModelSerializer):
    """A notification as the app shows it: title, short text and the object's address
    (`url` absolute, `link` relative to the site); `body` is the email's longer part.
    The title and text are in the request's language (Accept-Language), when the
    notification has the parameters to render them; else as they were written."""

    title = serializers.CharField(source="display_title", read_only=True)
    text = serializers.CharField(source="display_text", read_only=True)
    is_read = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "text", "url", "link", "body", "created_at",
                  "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None

    def get_url(self, obj) -> str:
        """The object's page, absolute from settings.SITE_URL (as in the emails)."""
        from tracker.channels import absolute_url

        return absolute_url(obj.link) if obj.link else ""


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, label=_("Tên đăng nhập"))
    password = serializers.CharField(max_length=128, label=_("Mật khẩu"),
                                     style={"input_type": "password"}, trim_whitespace=False)
    device = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                   label=_("Tên thiết bị"),
                                   help_text=_("Tên để nhận ra phiên đăng nhập này (mặc định: "
                                               "trình duyệt/ứng dụng gửi yêu cầu)."))


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    user = serializers.IntegerField()
    username = serializers.CharField()
    id = serializers.CharField(help_text=_("Mã của phiên (để thu hồi), không phải khóa."))
    expiry = serializers.DateTimeField(
        help_text=_("Hết hạn nếu không dùng đến lúc này; mỗi lần dùng gia hạn thêm."))


class DeviceTokenSerializer(serializers.Serializer):
    """A signed-in device: its token's public id, never the key."""

    id = serializers.SerializerMethodField()
    name = serializers.CharField()
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField()
    current = serializers.SerializerMethodField()

    def get_id(self, obj) -> str:
        from tracker.accounts.tokens import public_id

        return public_id(obj)

    def get_current(self, obj) -> bool:
        auth = getattr(self.context.get("request"), "auth", None)
        return getattr(auth, "digest", None) == obj.digest
