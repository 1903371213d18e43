"""The assignments' pages (in the `web` namespace that config.web_urls assembles)."""

from django.urls import path

from . import views

urlpatterns = [
    path("yeu-cau/<int:pk>/gia-han/", views.extension_request, name="extension-request"),
    path("yeu-cau/<int:pk>/nhac/", views.remind_now, name="remind-now"),
    path("yeu-cau/<int:pk>/dieu-chinh-han/", views.deadline_edit, name="deadline-edit"),
    path("nhiem-vu/<int:pk>/giao/", views.item_assign, name="item-assign"),
    path("yeu-cau-bao-cao/", views.obligation_list_view, name="obligation-list"),
    path("gia-han/", views.extension_list, name="extension-list"),
    path("gia-han/<int:pk>/chap-thuan/", views.extension_approve, name="extension-approve"),
    path("gia-han/<int:pk>/tu-choi/", views.extension_reject, name="extension-reject"),
    path("sap-xep-to-chuc/", views.reorganisation_list, name="reorganisation-list"),
    path("sap-xep-to-chuc/moi/", views.reorganisation_new, name="reorganisation-new"),
    path("sap-xep-to-chuc/<int:pk>/", views.reorganisation_detail,
         name="reorganisation-detail"),
    path("sap-xep-to-chuc/<int:pk>/thuc-hien/", views.reorganisation_apply,
         name="reorganisation-apply"),
]
