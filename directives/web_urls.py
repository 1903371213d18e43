"""The directives' pages (in the `web` namespace that config.web_urls assembles)."""

from django.urls import path

from . import views

urlpatterns = [
    path("van-ban/", views.directive_list, name="directive-list"),
    path("van-ban/moi/", views.directive_create, name="directive-create"),
    path("van-ban/<int:pk>/sua/", views.directive_edit, name="directive-edit"),
    path("van-ban/<int:pk>/ban-hanh/", views.directive_publish, name="directive-publish"),
    path("van-ban/<int:pk>/ket-thuc/", views.directive_close, name="directive-close"),
    path("van-ban/<int:pk>/phan/moi/", views.section_create, name="section-create"),
    path("van-ban/<int:pk>/nhiem-vu/moi/", views.item_create, name="item-create"),
    path("nhiem-vu/<int:pk>/sua/", views.item_edit, name="item-edit"),
    path("nhiem-vu/<int:pk>/rut/", views.item_withdraw, name="item-withdraw"),
]
