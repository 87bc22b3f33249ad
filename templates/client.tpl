{{%AUTOESCAPE context="HTML"}}
{{!-- One client: NAME, notices, ERASED and DELETED banners (RESTORE), the
      manager's ACTIONS (EDIT, DELETE) and the admin's ERASE_ACTION, the
      PROFILE (FIELD and CUSTOM rows with LABEL, CODE, VALUE; CONSENT and
      the aggregates), DUPLICATES, FEEDBACK, the history (KIND_LINK, TIMELINE/ENTRY,
      TPAGER) and the manager's ADD_FORM and NOTE_FORM, and SURVEY_SEND (the
      manager's survey send and automatic-survey toggle, pages/survey_send.c). --}}
<section>
  <p><a href="{{BASE}}/clients">{{_All clients_}}</a></p>
  <h1>{{NAME}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
{{#ERASED}}
  <p class="notice" role="status">{{_The personal data of this client was erased on a data-protection request._}} ({{ERASED_AT}})</p>
{{/ERASED}}
{{#DELETED}}
  <div class="notice notice-error" role="status">
    <p>{{_This client is deleted._}} ({{DELETED_AT}})</p>
{{#RESTORE}}
    <form class="inline-form" method="post" action="{{BASE}}/clients/{{CLIENT_ID}}/restore">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <button type="submit" class="button button-small">{{_Restore_}}</button>
    </form>
{{/RESTORE}}
  </div>
{{/DELETED}}
{{#DUPLICATES}}
  <p class="notice" role="status">{{DUPLICATES_TEXT}} <a href="{{DUPLICATES_URL}}">{{_Review possible duplicates_}}</a></p>
{{/DUPLICATES}}
{{#ACTIONS}}
  <p class="actions">
{{#EDIT}}
    <a class="button" href="{{BASE}}/clients/{{CLIENT_ID}}/edit">{{_Edit_}}</a>
{{/EDIT}}
{{#DELETE}}
    <a class="button button-quiet" href="{{BASE}}/clients/{{CLIENT_ID}}/delete">{{_Delete_}}</a>
{{/DELETE}}
  </p>
{{/ACTIONS}}
{{#ERASE_ACTION}}
{{#ERASE}}
  <p><a href="{{BASE}}/clients/{{CLIENT_ID}}/erase">{{_Erase personal data (data-protection request)_}}</a></p>
{{/ERASE}}
{{/ERASE_ACTION}}
{{#PROFILE}}
  <h2>{{_Profile_}}</h2>
  <div class="table-wrap">
    <table class="profile">
      <tbody>
{{#FIELD}}
        <tr data-field="{{CODE}}"><th scope="row">{{LABEL}}</th><td>{{VALUE}}</td></tr>
{{/FIELD}}
        <tr data-field="marketing_consent"><th scope="row">{{_Agrees to marketing messages_}}</th><td>{{CONSENT}}</td></tr>
{{#CUSTOM}}
        <tr data-field="cf_{{CODE}}"><th scope="row">{{LABEL}}</th><td>{{VALUE}}</td></tr>
{{/CUSTOM}}
      </tbody>
    </table>
  </div>
  <h2>{{_Summary_}}</h2>
  <div class="table-wrap">
    <table class="profile">
      <tbody>
        <tr data-field="interactions"><th scope="row">{{_Interactions_}}</th><td>{{INTERACTIONS}}</td></tr>
        <tr data-field="purchases"><th scope="row">{{_Purchases_}}</th><td>{{PURCHASES}}</td></tr>
        <tr data-field="total"><th scope="row">{{_Purchases total_}}</th><td>{{TOTAL}} {{CURRENCY}}</td></tr>
        <tr data-field="last"><th scope="row">{{_Last contact_}}</th><td>{{LAST}}</td></tr>
        <tr data-field="created"><th scope="row">{{_Added to the base_}}</th><td>{{CREATED}}</td></tr>
      </tbody>
    </table>
  </div>
{{/PROFILE}}
{{#FEEDBACK}}
  <h2 id="feedback">{{_Reviews and complaints_}}</h2>
  <p class="muted"><a href="{{FEEDBACK_ALL_URL}}">{{FEEDBACK_COUNT}}</a>{{#FEEDBACK_NEW}} · <a href="{{URL}}">{{_Record feedback_}}</a>{{/FEEDBACK_NEW}}</p>
  <ul class="feedback-items">
{{#FEEDBACK_ITEM}}
    <li data-feedback="{{ID}}"{{#OVERDUE}} class="overdue"{{/OVERDUE}}><a href="{{BASE}}/feedback/{{ID}}">#{{ID}}</a> {{WHEN}} · {{CHANNEL}} · <span class="badge status-{{STATUS}}">{{STATUS_LABEL}}</span> · {{TEXT}}</li>
{{/FEEDBACK_ITEM}}
  </ul>
{{/FEEDBACK}}

{{#SURVEY_SEND}}
  <h2 id="survey">{{_Surveys_}}</h2>
{{#NO_EMAIL}}
  <p class="notice notice-error" role="status">{{_This client has no e-mail address, so no survey can be sent._}}</p>
{{/NO_EMAIL}}
{{#WARN_OPT_OUT}}
  <p class="notice" role="status">{{_The client asked not to get automatic surveys. You may still send one by hand._}}</p>
{{/WARN_OPT_OUT}}
{{#WARN_QUIET}}
  <p class="notice" role="status">{{QUIET_TEXT}}</p>
{{/WARN_QUIET}}
{{#NO_SURVEYS}}
  <p class="muted">{{_The business has no active surveys yet._}}</p>
{{/NO_SURVEYS}}
{{#SEND_FORM}}
  <form class="form-stack" method="post" action="{{BASE}}/clients/{{CLIENT_ID}}/survey">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="survey">{{_Survey_}}</label>
      <select id="survey" name="survey">
{{#SURVEY_OPTION}}
        <option value="{{ID}}">{{TITLE}}</option>
{{/SURVEY_OPTION}}
      </select>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Send the survey_}}</button>
    </div>
  </form>
{{/SEND_FORM}}
  <form class="inline-form" method="post" action="{{BASE}}/clients/{{CLIENT_ID}}/survey-opt-out">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="opt_out" value="{{OPT_OUT_NEXT}}">
    <p><span class="survey-opt-out">{{OPT_OUT_STATE}}</span> <button type="submit" class="button button-small button-quiet">{{OPT_OUT_BUTTON}}</button></p>
  </form>
{{/SURVEY_SEND}}

  <h2 id="history">{{_History_}}</h2>
  <p class="muted">{{_Times are in the time zone_}} {{TIMEZONE}}.</p>
  <nav class="kind-filter" aria-label="{{_Kind_}}">
{{#KIND_LINK}}
    <a href="{{URL}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a>
{{/KIND_LINK}}
  </nav>
{{#TIMELINE_EMPTY}}
  <p class="muted">{{_Nothing in the history yet._}}</p>
{{/TIMELINE_EMPTY}}
{{#TIMELINE}}
  <ol class="timeline">
{{#ENTRY}}
    <li class="entry entry-{{KIND}}" data-id="{{ENTRY_ID}}">
      <p class="entry-head"><span class="entry-when">{{WHEN}}</span> · <span class="entry-kind">{{KIND_LABEL}}</span>{{#AMOUNT}} · <span class="entry-amount">{{VALUE}}</span>{{/AMOUNT}}</p>
{{#DETAILS}}
      <ul class="entry-details">
{{#SERVICE}}
        <li>{{_Service_}}: <span class="entry-service">{{VALUE}}</span></li>
{{/SERVICE}}
{{#LOCATION}}
        <li>{{_Branch_}}: <span class="entry-location">{{VALUE}}</span></li>
{{/LOCATION}}
{{#STAFF}}
        <li>{{_Staff member_}}: <span class="entry-staff">{{VALUE}}</span></li>
{{/STAFF}}
{{#ITEMS}}
        <li>{{_Items_}}: <span class="entry-items">{{VALUE}}</span></li>
{{/ITEMS}}
{{#CHANNEL}}
        <li>{{_Channel_}}: <span class="entry-channel">{{VALUE}}</span></li>
{{/CHANNEL}}
      </ul>
{{/DETAILS}}
{{#TEXT}}
      <p class="entry-text">{{VALUE:pre_escape}}</p>
{{/TEXT}}
{{#RESPONSE}}
      <p><a class="entry-response" href="{{BASE}}/surveys/responses/{{REF_ID}}">{{_Show the answers_}}</a></p>
{{/RESPONSE}}
{{#DELETE}}
      <p><a class="button button-small button-quiet" href="{{BASE}}/clients/interactions/{{ENTRY_ID}}/delete">{{_Remove_}}</a></p>
{{/DELETE}}
    </li>
{{/ENTRY}}
  </ol>
{{/TIMELINE}}
{{#TPAGER}}
  <nav class="pager" aria-label="{{_Pages of the history_}}">
{{#FIRST}}
    <a href="{{URL}}" rel="first">{{_Newest_}}</a>
{{/FIRST}}
{{#PREV}}
    <a href="{{URL}}" rel="prev">{{_Newer_}}</a>
{{/PREV}}
{{#NEXT}}
    <a href="{{URL}}" rel="next">{{_Older_}}</a>
{{/NEXT}}
{{#LAST}}
    <a href="{{URL}}" rel="last">{{_Oldest_}}</a>
{{/LAST}}
  </nav>
{{/TPAGER}}

{{#NOTE_FORM}}
  <h2 id="note">{{_Quick note_}}</h2>
  <form class="form-stack form-wide" method="post" action="{{BASE}}/clients/{{CLIENT_ID}}/interactions">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="form" value="note">
    <div class="field">
      <label for="note-text">{{_Note_}}</label>
      <textarea id="note-text" name="text" rows="3" maxlength="10000">{{VALUE_TEXT:pre_escape}}</textarea>
{{#ERR_TEXT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TEXT}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Save the note_}}</button>
    </div>
  </form>
{{/NOTE_FORM}}
{{#ADD_FORM}}
  <h2 id="add">{{_Add to the history_}}</h2>
  <form class="form-stack form-wide" method="post" action="{{BASE}}/clients/{{CLIENT_ID}}/interactions">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="form" value="full">
    <div class="field">
      <label for="kind">{{_Kind_}}</label>
      <select id="kind" name="kind">
{{#KIND_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/KIND_OPTION}}
      </select>
{{#ERR_KIND}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_KIND}}
    </div>
    <div class="field">
      <label for="occurred_at">{{_When_}}</label>
      <input type="datetime-local" id="occurred_at" name="occurred_at" value="{{VALUE_OCCURRED_AT}}">
      <p class="field-hint">{{_Local time_}} ({{TIMEZONE}}); {{_empty means now_}}</p>
{{#ERR_OCCURRED_AT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_OCCURRED_AT}}
    </div>
    <div class="field">
      <label for="amount">{{_Amount_}}</label>
      <input type="text" id="amount" name="amount" value="{{VALUE_AMOUNT}}" inputmode="decimal" maxlength="20">
      <p class="field-hint">{{_For a purchase_}}</p>
{{#ERR_AMOUNT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_AMOUNT}}
    </div>
    <div class="field">
      <label for="currency">{{_Currency_}}</label>
      <input type="text" id="currency" name="currency" value="{{VALUE_CURRENCY}}" maxlength="3" size="3">
{{#ERR_CURRENCY}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CURRENCY}}
    </div>
    <div class="field">
      <label for="service">{{_Service_}}</label>
      <input type="text" id="service" name="service" value="{{VALUE_SERVICE}}" maxlength="200">
{{#ERR_SERVICE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_SERVICE}}
    </div>
    <div class="field">
      <label for="location">{{_Branch_}}</label>
      <input type="text" id="location" name="location" value="{{VALUE_LOCATION}}" maxlength="100">
{{#ERR_LOCATION}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_LOCATION}}
    </div>
    <div class="field">
      <label for="staff">{{_Staff member_}}</label>
      <input type="text" id="staff" name="staff" value="{{VALUE_STAFF}}" maxlength="100">
{{#ERR_STAFF}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_STAFF}}
    </div>
    <div class="field">
      <label for="items">{{_Items_}}</label>
      <input type="text" id="items" name="items" value="{{VALUE_ITEMS}}" maxlength="500">
{{#ERR_ITEMS}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_ITEMS}}
    </div>
    <div class="field">
      <label for="channel">{{_Channel_}}</label>
      <input type="text" id="channel" name="channel" value="{{VALUE_CHANNEL}}" maxlength="32">
      <p class="field-hint">{{_e.g. phone, e-mail, Telegram_}}</p>
{{#ERR_CHANNEL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CHANNEL}}
    </div>
    <div class="field">
      <label for="text">{{_Text_}}</label>
      <textarea id="text" name="text" rows="4" maxlength="10000">{{VALUE_TEXT:pre_escape}}</textarea>
{{#ERR_TEXT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TEXT}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Add_}}</button>
    </div>
  </form>
{{/ADD_FORM}}
</section>
