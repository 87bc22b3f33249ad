{{%AUTOESCAPE context="HTML"}}
{{!-- After the public feedback form: BUSINESS, FORM_URL. --}}
<section class="public-form">
  <h1>{{_Thank you!_}}</h1>
  <p class="lead">{{_Your message has reached_}} {{BUSINESS}}. {{_We will answer you as soon as we can._}}</p>
  <p><a href="{{FORM_URL}}">{{_Send another message_}}</a></p>
</section>
