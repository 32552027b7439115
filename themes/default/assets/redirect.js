// An alias page's redirect that keeps the #anchor of the link followed.
location.replace(document.currentScript.dataset.to + location.hash);
