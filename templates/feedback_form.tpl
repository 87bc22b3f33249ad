{{%AUTOESCAPE context="HTML"}}
{{!-- Manual entry of feedback: the client search (VALUE_Q, FOUND with
      MATCH rows or NONE_FOUND), CHOSEN (CLIENT_ID, CLIENT_NAME) or
      NO_CLIENT, then the item's fields (VALUE_*, ERR_*, the *_OPTION
      lists). --}}
<section>
  <p><a href="{{BASE}}/feedback">{{_All feedback_}}</a></p>
  <h1>{{_Record feedback_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="filters" method="get" action="{{BASE}}/feedback/new">
    <div class="field">
      <label for="q">{{_Find the client: name or e-mail_}}</label>
      <input type="search" id="q" name="q" value="{{VALUE_Q}}" maxlength="200">
    </div>
    <button type="submit">{{_Find_}}</button>
  </form>
{{#FOUND}}
{{#NONE_FOUND}}
  <p class="muted">{{_No client found; give the contact below instead._}}</p>
{{/NONE_FOUND}}
  <ul class="client-matches">
{{#MATCH}}
    <li data-id="{{ID}}"><a href="{{URL}}">{{NAME}}</a> <span class="muted">{{CONTACT}}</span></li>
{{/MATCH}}
  </ul>
{{/FOUND}}
  <form class="form-stack" method="post" action="{{BASE}}/feedback/new">
    <input type="hidden" name="csrf" value="{{CSRF}}">
{{#CHOSEN}}
    <div class="field">
      <label for="client">{{_Client_}}</label>
      <p id="client-name">{{CLIENT_NAME}} <a href="{{BASE}}/feedback/new">{{_Change_}}</a></p>
      <input type="hidden" id="client" name="client" value="{{CLIENT_ID}}">
    </div>
{{/CHOSEN}}
{{#NO_CLIENT}}
    <div class="field">
      <label for="client">{{_Client number (optional)_}}</label>
      <input type="text" id="client" name="client" value="{{VALUE_CLIENT}}" inputmode="numeric" maxlength="20">
      <p class="field-hint">{{_Without a client, give the contact's name and an e-mail or phone._}}</p>
{{#ERR_CLIENT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CLIENT}}
    </div>
{{/NO_CLIENT}}
    <div class="field">
      <label for="contact_name">{{_Contact name_}}</label>
      <input type="text" id="contact_name" name="contact_name" value="{{VALUE_CONTACT_NAME}}" maxlength="200">
{{#ERR_CONTACT_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CONTACT_NAME}}
    </div>
    <div class="field">
      <label for="contact_email">{{_Contact e-mail_}}</label>
      <input type="email" id="contact_email" name="contact_email" value="{{VALUE_CONTACT_EMAIL}}" maxlength="254">
{{#ERR_CONTACT_EMAIL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CONTACT_EMAIL}}
    </div>
    <div class="field">
      <label for="contact_phone">{{_Contact phone_}}</label>
      <input type="tel" id="contact_phone" name="contact_phone" value="{{VALUE_CONTACT_PHONE}}" maxlength="40">
{{#ERR_CONTACT_PHONE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CONTACT_PHONE}}
    </div>
    <div class="field">
      <label for="channel">{{_Channel_}}</label>
      <select id="channel" name="channel">
{{#CHANNEL_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/CHANNEL_OPTION}}
      </select>
{{#ERR_CHANNEL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CHANNEL}}
    </div>
    <div class="field">
      <label for="type">{{_Type_}}</label>
      <select id="type" name="type">
{{#TYPE_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/TYPE_OPTION}}
      </select>
{{#ERR_TYPE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TYPE}}
    </div>
    <div class="field">
      <label for="department">{{_Department_}}</label>
      <select id="department" name="department">
{{#DEPARTMENT_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/DEPARTMENT_OPTION}}
      </select>
{{#ERR_DEPARTMENT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_DEPARTMENT}}
    </div>
    <div class="field">
      <label for="defect">{{_Defect kind_}}</label>
      <select id="defect" name="defect">
{{#DEFECT_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/DEFECT_OPTION}}
      </select>
{{#ERR_DEFECT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_DEFECT}}
    </div>
    <div class="field">
      <label for="priority">{{_Priority_}}</label>
      <select id="priority" name="priority">
{{#PRIORITY_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/PRIORITY_OPTION}}
      </select>
{{#ERR_PRIORITY}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_PRIORITY}}
    </div>
    <div class="field">
      <label for="rating">{{_Rating_}}</label>
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
      <label for="received_at">{{_Received_}}</label>
      <input type="datetime-local" id="received_at" name="received_at" value="{{VALUE_RECEIVED_AT}}">
      <p class="field-hint">{{_Time zone_}} {{TIMEZONE}}</p>
{{#ERR_RECEIVED_AT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_RECEIVED_AT}}
    </div>
    <div class="field">
      <label for="text">{{_What the client said_}}</label>
      <textarea id="text" name="text" rows="6" maxlength="10000">{{VALUE_TEXT:pre_escape}}</textarea>
{{#ERR_TEXT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TEXT}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Save_}}</button>
      <a href="{{BASE}}/feedback">{{_Cancel_}}</a>
    </div>
  </form>
</section>
