{{%AUTOESCAPE context="HTML"}}
{{!-- The frame of every page: header with navigation, the page itself
      (CONTENT), footer with the language switch. --}}
<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · CXM</title>
{{#REFRESH}}
<meta http-equiv="refresh" content="{{REFRESH_SECONDS}}">
{{/REFRESH}}
<link rel="stylesheet" href="{{BASE}}/static/css/cxm.css?v={{ASSET_VERSION}}">
<link rel="icon" href="{{BASE}}/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip-link" href="#main">{{_Skip to content_}}</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="{{BASE}}/"><span class="brand-mark" aria-hidden="true">CX</span>CXM</a>
{{#MAIN_NAV}}
    <nav class="main-nav" aria-label="{{_Main navigation_}}">
      <ul>
{{#NAV}}
        <li><a href="{{NAV_URL}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}>{{NAV_LABEL}}</a></li>
{{/NAV}}
      </ul>
    </nav>
{{/MAIN_NAV}}
    <div class="user-menu">
{{#SIGNED_IN}}
{{#BUSINESS}}
      <span class="user-business">{{BUSINESS_NAME}} · {{ROLE_LABEL}}</span>
{{/BUSINESS}}
{{#CAN_SWITCH}}
      <a href="{{BASE}}/switch">{{_Switch business_}}</a>
{{/CAN_SWITCH}}
      <a href="{{BASE}}/account" title="{{USER_EMAIL}}">{{USER_NAME}}</a>
      <form class="inline-form" method="post" action="{{BASE}}/logout">
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <button type="submit" class="button button-small button-quiet">{{_Sign out_}}</button>
      </form>
{{/SIGNED_IN}}
{{#SIGNED_OUT}}
      <a class="button button-small" href="{{BASE}}/login">{{_Sign in_}}</a>
{{/SIGNED_OUT}}
    </div>
  </div>
</header>
<main id="main" class="wrap">
{{>CONTENT}}
</main>
<footer class="site-footer">
  <div class="wrap footer-row">
    <form class="lang-form" method="post" action="{{BASE}}/language">
      <label for="lang-select">{{_Language_}}</label>
      <select id="lang-select" name="lang">
{{#LANG_OPTION}}
        <option value="{{LANG_CODE}}"{{#LANG_SELECTED}} selected{{/LANG_SELECTED}}>{{LANG_NAME}}</option>
{{/LANG_OPTION}}
      </select>
      <input type="hidden" name="next" value="{{NEXT}}">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <button type="submit" class="button button-small">{{_Apply_}}</button>
    </form>
    <p class="footer-note">CXM {{VERSION}} · {{_Customer experience management_}}</p>
  </div>
</footer>
</body>
</html>
