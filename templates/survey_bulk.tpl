{{%AUTOESCAPE context="HTML"}}
{{!-- Sending a survey to the clients of the client list's filter: the
      filter travels in HIDDEN inputs (NAME, VALUE); CHOOSE (SURVEY_OPTION
      with ID, TITLE) picks the survey; COUNTS (MATCHED, INVITED, NO_EMAIL,
      OPTED_OUT, QUIET, QUIET_DAYS, CONFIRM) is the confirmation, DONE the
      same numbers after the send; OVER_CAP (TEXT) refuses a list that is
      too long. --}}
<section>
  <p><a href="{{LIST_URL}}">{{_Back to the list_}}</a></p>
  <h1>{{_Send a survey to these clients_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
{{#NO_SURVEYS}}
  <p class="muted">{{_The business has no active surveys yet._}}</p>
{{/NO_SURVEYS}}
{{#CHOOSE}}
  <form class="form-stack" method="get" action="{{BASE}}/clients/survey">
{{#HIDDEN}}
    <input type="hidden" name="{{NAME}}" value="{{VALUE}}">
{{/HIDDEN}}
    <div class="field">
      <label for="survey">{{_Survey_}}</label>
      <select id="survey" name="survey">
{{#SURVEY_OPTION}}
        <option value="{{ID}}">{{TITLE}}</option>
{{/SURVEY_OPTION}}
      </select>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Count the clients_}}</button>
    </div>
  </form>
{{/CHOOSE}}
{{#OVER_CAP}}
  <p class="notice notice-error" role="alert">{{TEXT}}</p>
{{/OVER_CAP}}
{{#COUNTS}}
  <p>{{_Survey_}}: <strong>{{SURVEY_TITLE}}</strong></p>
  <table class="profile">
    <tbody>
      <tr data-count="matched"><th scope="row">{{_Clients in the list_}}</th><td>{{MATCHED}}</td></tr>
      <tr data-count="no_email"><th scope="row">{{_Skipped: no e-mail address_}}</th><td>{{NO_EMAIL}}</td></tr>
      <tr data-count="opted_out"><th scope="row">{{_Skipped: asked for no surveys_}}</th><td>{{OPTED_OUT}}</td></tr>
      <tr data-count="quiet"><th scope="row">{{_Skipped: invited within the quiet period_}} ({{QUIET_DAYS}})</th><td>{{QUIET}}</td></tr>
      <tr data-count="invited"><th scope="row">{{_Will be invited_}}</th><td>{{INVITED}}</td></tr>
    </tbody>
  </table>
{{#CONFIRM}}
  <form class="form-stack" method="post" action="{{BASE}}/clients/survey">
    <input type="hidden" name="csrf" value="{{CSRF}}">
{{#HIDDEN}}
    <input type="hidden" name="{{NAME}}" value="{{VALUE}}">
{{/HIDDEN}}
    <input type="hidden" name="survey" value="{{SURVEY_ID}}">
    <div class="form-actions">
      <button type="submit">{{_Send the invitations_}}</button>
      <a href="{{LIST_URL}}">{{_Cancel_}}</a>
    </div>
  </form>
{{/CONFIRM}}
{{/COUNTS}}
{{#DONE}}
  <p>{{_Survey_}}: <strong>{{SURVEY_TITLE}}</strong></p>
  <table class="profile">
    <tbody>
      <tr data-count="matched"><th scope="row">{{_Clients in the list_}}</th><td>{{MATCHED}}</td></tr>
      <tr data-count="no_email"><th scope="row">{{_Skipped: no e-mail address_}}</th><td>{{NO_EMAIL}}</td></tr>
      <tr data-count="opted_out"><th scope="row">{{_Skipped: asked for no surveys_}}</th><td>{{OPTED_OUT}}</td></tr>
      <tr data-count="quiet"><th scope="row">{{_Skipped: invited within the quiet period_}} ({{QUIET_DAYS}})</th><td>{{QUIET}}</td></tr>
      <tr data-count="invited"><th scope="row">{{_Invited_}}</th><td>{{INVITED}}</td></tr>
    </tbody>
  </table>
{{/DONE}}
</section>
