{{%AUTOESCAPE context="HTML"}}
{{!-- Automatic surveys (admins): the journey triggers (TRIGGERS/TRIGGER
      with ID, SURVEY, EVENT, DELAY, STATE, TOGGLE, CREATED, INVITED), the
      form adding one (SURVEY_OPTION, EVENT_OPTION, VALUE_*, ERR_*) and the
      survey settings form (VALUE_*, ERR_*, RULE_OPTION, USER_OPTION). --}}
<section>
  <h1>{{_Automatic surveys_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <p class="muted">{{_A trigger invites a client to a survey a number of days after an event of their journey. Only events after the trigger was added count, each event invites once, and nobody is invited automatically twice within the quiet period._}}</p>
{{#NO_TRIGGERS}}
  <p class="muted">{{_No automatic surveys yet._}}</p>
{{/NO_TRIGGERS}}
{{#TRIGGERS}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_Survey_}}</th>
          <th scope="col">{{_After_}}</th>
          <th scope="col">{{_Days later_}}</th>
          <th scope="col">{{_State_}}</th>
          <th scope="col">{{_Invitations made_}}</th>
          <th scope="col">{{_Added_}} ({{TIMEZONE}})</th>
          <th scope="col">{{_Actions_}}</th>
        </tr>
      </thead>
      <tbody>
{{#TRIGGER}}
        <tr data-id="{{ID}}">
          <td>{{SURVEY}}</td>
          <td>{{EVENT}}</td>
          <td>{{DELAY}}</td>
          <td class="trigger-state">{{STATE}}</td>
          <td>{{INVITED}}</td>
          <td>{{CREATED}}</td>
          <td>
            <form class="inline-form" method="post" action="{{BASE}}/admin/surveys/triggers/{{ID}}/toggle">
              <input type="hidden" name="csrf" value="{{CSRF}}">
              <button type="submit" class="button button-small">{{TOGGLE}}</button>
            </form>
            <a class="button button-small button-quiet" href="{{BASE}}/admin/surveys/triggers/{{ID}}/delete">{{_Delete_}}</a>
          </td>
        </tr>
{{/TRIGGER}}
      </tbody>
    </table>
  </div>
{{/TRIGGERS}}

  <h2 id="add">{{_Add an automatic survey_}}</h2>
{{#NO_SURVEYS}}
  <p class="muted">{{_The business has no active surveys yet._}}</p>
{{/NO_SURVEYS}}
  <form class="form-stack" method="post" action="{{BASE}}/admin/surveys/triggers">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="survey">{{_Survey_}}</label>
      <select id="survey" name="survey">
{{#SURVEY_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/SURVEY_OPTION}}
      </select>
{{#ERR_SURVEY}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_SURVEY}}
    </div>
    <div class="field">
      <label for="event">{{_After_}}</label>
      <select id="event" name="event">
{{#EVENT_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/EVENT_OPTION}}
      </select>
{{#ERR_EVENT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_EVENT}}
    </div>
    <div class="field">
      <label for="delay_days">{{_Days later_}}</label>
      <input type="number" id="delay_days" name="delay_days" value="{{VALUE_DELAY_DAYS}}" min="0" max="365">
{{#ERR_DELAY_DAYS}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_DELAY_DAYS}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Add_}}</button>
    </div>
  </form>

  <h2 id="settings">{{_Survey settings_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/admin/surveys/settings">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="quiet_days">{{_Quiet period, days_}}</label>
      <input type="number" id="quiet_days" name="quiet_days" value="{{VALUE_QUIET_DAYS}}" min="0" max="365">
      <p class="field-hint">{{_No client is invited automatically if they got any invitation within this many days; 0 turns it off._}}</p>
{{#ERR_QUIET_DAYS}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_QUIET_DAYS}}
    </div>
    <div class="field">
      <label for="nps_low_max">{{_Low NPS: at most_}}</label>
      <input type="number" id="nps_low_max" name="nps_low_max" value="{{VALUE_NPS_LOW_MAX}}" min="0" max="10">
{{#ERR_NPS_LOW_MAX}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_NPS_LOW_MAX}}
    </div>
    <div class="field">
      <label for="csat_low_max">{{_Low CSAT: at most_}}</label>
      <input type="number" id="csat_low_max" name="csat_low_max" value="{{VALUE_CSAT_LOW_MAX}}" min="1" max="5">
{{#ERR_CSAT_LOW_MAX}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CSAT_LOW_MAX}}
    </div>
    <div class="field">
      <label for="ces_hard_count">{{_Hard CES: points at the hard end_}}</label>
      <input type="number" id="ces_hard_count" name="ces_hard_count" value="{{VALUE_CES_HARD_COUNT}}" min="1" max="6">
{{#ERR_CES_HARD_COUNT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CES_HARD_COUNT}}
    </div>
    <div class="field">
      <label for="followup_rule">{{_Who gets the follow-up of a low score_}}</label>
      <select id="followup_rule" name="followup_rule">
{{#RULE_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/RULE_OPTION}}
      </select>
{{#ERR_FOLLOWUP_RULE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_FOLLOWUP_RULE}}
    </div>
    <div class="field">
      <label for="followup_user_id">{{_The user (for “One user”)_}}</label>
      <select id="followup_user_id" name="followup_user_id">
{{#USER_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/USER_OPTION}}
      </select>
{{#ERR_FOLLOWUP_USER_ID}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_FOLLOWUP_USER_ID}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Save_}}</button>
    </div>
  </form>
</section>
