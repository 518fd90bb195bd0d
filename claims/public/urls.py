from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.generic import TemplateView

from . import api, embeds, feeds, subscribe, views
from .cache import cache_public_page
from .sitemaps import sitemaps

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="list"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim"),
    path("claims/<slug:slug>/embed/", embeds.embed, name="embed"),
    path("claims/<slug:slug>/share-<int:version>.png", embeds.share_image, name="share-image"),
    path("oembed", embeds.oembed, name="oembed"),
    path("claims/<slug:slug>/history/", views.claim_history, name="history"),
    path(
        "claims/<slug:slug>/evidence/<int:pk>/archived.txt",
        views.archived_copy,
        name="archived-copy",
    ),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("corrections/", views.corrections, name="corrections"),
    path("impact/", views.impact, name="impact"),
    path("suggest/", views.suggest, name="suggest"),
    path("suggest/thanks/", views.suggest_thanks, name="suggest-thanks"),
    path("subscribe/", subscribe.subscribe, name="subscribe"),
    path("subscribe/sent/", subscribe.subscribe_sent, name="subscribe-sent"),
    path("subscribe/confirm/<str:token>/", subscribe.subscribe_confirm, name="subscribe-confirm"),
    path("unsubscribe/<str:token>/", subscribe.unsubscribe, name="unsubscribe"),
    path("methodology/", views.methodology, name="methodology"),
    path("pages/<slug:slug>/", views.page, name="page"),
    path("feeds/checks.rss", cache_public_page(feeds.ChecksFeed()), name="feed-rss"),
    path("feeds/checks.atom", cache_public_page(feeds.ChecksAtomFeed()), name="feed-atom"),
    path(
        "feeds/corrections.rss",
        cache_public_page(feeds.CorrectionsFeed()),
        name="feed-corrections",
    ),
    path("ratings.css", views.rating_css, name="rating-css"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "sitemap.xml",
        cache_public_page(sitemap_views.index),
        {"sitemaps": sitemaps, "sitemap_url_name": "claims:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("api/claims.json", cache_public_page(api.claim_list), name="api-list"),
    path("api/claims/<slug:slug>.json", cache_public_page(api.claim_detail), name="api-claim"),
    path("claims.csv", cache_public_page(api.claims_csv), name="csv"),
    path("transparency/log.json", cache_public_page(api.revision_log), name="log"),
]
