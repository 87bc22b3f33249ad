{{%AUTOESCAPE context="HTML"}}
{{!-- The public feedback form of a business: BUSINESS, ACTION, FORM_KEY,
      the notice, VALUE_* and ERR_* of name, email, phone, rating (the
      RATING_OPTION list) and text. The "website" field is a trap for
      robots, hidden from people. --}}
<section class="public-form">
  <h1>{{_Feedback to_}} {{BUSINESS}}</h1>
  <p class="lead">{{_Tell us what went well or what went wrong. We read every message._}}</p>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="form-stack" method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="key" value="{{FORM_KEY}}">
    <div class="field">
      <label for="name">{{_Your name_}}</label>
      <input type="text" id="name" name="name" value="{{VALUE_NAME}}" maxlength="200" autocomplete="name" required>
{{#ERR_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_NAME}}
    </div>
    <div class="field">
      <label for="email">{{_E-mail_}}</label>
      <input type="email" id="email" name="email" value="{{VALUE_EMAIL}}" maxlength="254" autocomplete="email">
{{#ERR_EMAIL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_EMAIL}}
    </div>
    <div class="field">
      <label for="phone">{{_Phone_}}</label>
      <input type="tel" id="phone" name="phone" value="{{VALUE_PHONE}}" maxlength="40" autocomplete="tel">
      <p class="field-hint">{{_An e-mail or a phone, so that we can answer you._}}</p>
{{#ERR_PHONE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_PHONE}}
    </div>
    <div class="field">
      <label for="rating">{{_Your rating (1 = very bad, 5 = excellent)_}}</label>
      <select id="rating" name="rating">
{{#RATING_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/RATING_OPTION}}
      </select>
{{#ERR_RATING}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_RATING}}
    </div>
    <div class="field">
      <label for="text">{{_Your message_}}</label>
      <textarea id="text" name="text" rows="6" maxlength="10000" required>{{VALUE_TEXT:pre_escape}}</textarea>
{{#ERR_TEXT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TEXT}}
    </div>
    <div class="field trap" aria-hidden="true">
      <label for="website">{{_Leave this field empty_}}</label>
      <input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off">
    </div>
    <div class="form-actions">
      <button type="submit">{{_Send_}}</button>
    </div>
  </form>
</section>
