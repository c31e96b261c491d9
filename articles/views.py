from django.shortcuts import get_object_or_404, render

from articles.models import Article, Country, Person


def home(request):
    latest = Article.objects.all()[:10]
    return render(request, "articles/home.html", {"latest": latest})


def article_detail(request, slug):
    article = get_object_or_404(Article, slug=slug)
    return render(request, "articles/article_detail.html", {"article": article})


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    return render(request, "articles/person_detail.html", {"person": person})


def country_detail(request, code):
    country = get_object_or_404(Country, code=code.upper())
    return render(request, "articles/country_detail.html", {"country": country})
