{{%AUTOESCAPE context="HTML"}}
{{!-- A survey's results: HEADING, the filters (VALUE_*, ERR_*, the
      *_OPTION lists), the counts (RESPONSES, SENT, OPENED, COMPLETED,
      COMPLETION_RATE, RESPONSE_RATE), per QUESTION (CODE, TEXT,
      RESPONDENTS) its METRIC lines (CODE, NAME, VALUE), the CHART (CAPTION,
      WIDTH, HEIGHT, BAR with LABEL, COUNT, SHARE, X, Y, W, TX, TY, LW), the
      TABLE of ROWs or the CSI_TABLE of CSI_ROWs; TEXTS: the free-text
      answers (TEXT_ROW: WHEN, CODE, TEXT, RESPONSE_ID) with NEWEST and
      OLDER links. --}}
<section>
  <h1>{{HEADING}}</h1>
  <form class="filters" method="get" action="{{BASE}}/surveys/{{SURVEY_ID}}/results">
    <div class="field">
      <label for="from">{{_Period from_}}</label>
      <input type="date" id="from" name="from" value="{{VALUE_FROM}}">
{{#ERR_FROM}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_FROM}}
    </div>
    <div class="field">
      <label for="to">{{_Period to_}}</label>
      <input type="date" id="to" name="to" value="{{VALUE_TO}}">
{{#ERR_TO}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TO}}
    </div>
    <div class="field">
      <label for="age_band">{{_Age_}}</label>
      <select id="age_band" name="age_band">
{{#AGE_BAND_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/AGE_BAND_OPTION}}
      </select>
{{#ERR_AGE_BAND}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_AGE_BAND}}
    </div>
    <div class="field">
      <label for="gender">{{_Gender_}}</label>
      <select id="gender" name="gender">
{{#GENDER_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/GENDER_OPTION}}
      </select>
{{#ERR_GENDER}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_GENDER}}
    </div>
    <div class="field">
      <label for="region">{{_Region_}}</label>
      <select id="region" name="region">
{{#REGION_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/REGION_OPTION}}
      </select>
{{#ERR_REGION}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_REGION}}
    </div>
    <div class="field">
      <label for="source">{{_Source_}}</label>
      <select id="source" name="source">
{{#SOURCE_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/SOURCE_OPTION}}
      </select>
{{#ERR_SOURCE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_SOURCE}}
    </div>
    <div class="field">
      <label for="tag">{{_Tag_}}</label>
      <input type="text" id="tag" name="tag" value="{{VALUE_TAG}}" maxlength="64">
{{#ERR_TAG}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TAG}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Show_}}</button>
      <a href="{{BASE}}/surveys/{{SURVEY_ID}}/results">{{_Reset_}}</a>
    </div>
  </form>
  <p class="muted">{{_Dates are in the time zone_}} {{TIMEZONE}}.</p>

  <h2>{{_Summary_}}</h2>
  <div class="table-wrap">
    <table class="profile">
      <tbody>
        <tr data-count="responses"><th scope="row">{{_Responses_}}</th><td>{{RESPONSES}}</td></tr>
        <tr data-count="sent"><th scope="row">{{_Invitations sent_}}</th><td>{{SENT}}</td></tr>
        <tr data-count="opened"><th scope="row">{{_Invitations opened_}}</th><td>{{OPENED}}</td></tr>
        <tr data-count="completed"><th scope="row">{{_Invitations answered_}}</th><td>{{COMPLETED}}</td></tr>
        <tr data-count="completion_rate"><th scope="row">{{_Completion rate (answered / opened)_}}</th><td>{{COMPLETION_RATE}}</td></tr>
        <tr data-count="response_rate"><th scope="row">{{_Response rate (answered / sent)_}}</th><td>{{RESPONSE_RATE}}</td></tr>
      </tbody>
    </table>
  </div>
{{#NO_QUESTIONS}}
  <p class="muted">{{_The survey has no questions yet._}}</p>
{{/NO_QUESTIONS}}
{{#QUESTION}}
  <section class="result" data-code="{{CODE}}">
    <h2>{{TEXT}}</h2>
    <p class="muted"><code>{{CODE}}</code> · {{_Answered_}}: <span class="respondents">{{RESPONDENTS}}</span></p>
{{#METRIC}}
    <p class="metric" data-metric="{{CODE}}">{{NAME}}: <strong>{{VALUE}}</strong></p>
{{/METRIC}}
{{#CHART}}
    <svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{WIDTH}} {{HEIGHT}}" width="{{WIDTH}}" height="{{HEIGHT}}" role="img">
      <title>{{CAPTION}}</title>
{{#BAR}}
      <g class="bar">
        <title>{{LABEL}}: {{COUNT}} ({{SHARE}})</title>
        <text class="bar-label" x="{{LW}}" y="{{TY}}" text-anchor="end">{{LABEL}}</text>
        <rect x="{{X}}" y="{{Y}}" width="{{W}}" height="20"></rect>
        <text class="bar-count" x="{{TX}}" y="{{TY}}">{{COUNT}}</text>
      </g>
{{/BAR}}
    </svg>
{{/CHART}}
{{#TABLE}}
    <div class="table-wrap">
      <table class="result-table">
        <thead><tr><th scope="col">{{_Answer_}}</th><th scope="col">{{_Answers_}}</th><th scope="col">{{_Share_}}</th></tr></thead>
        <tbody>
{{#ROW}}
          <tr><td>{{LABEL}}</td><td>{{COUNT}}</td><td>{{SHARE}}</td></tr>
{{/ROW}}
        </tbody>
      </table>
    </div>
{{/TABLE}}
{{#CSI_TABLE}}
    <div class="table-wrap">
      <table class="result-table">
        <thead><tr><th scope="col">{{_Parameter_}}</th><th scope="col">{{_Importance (0-1)_}}</th><th scope="col">{{_Satisfaction (0-1)_}}</th><th scope="col">CSI</th><th scope="col">{{_Answers_}}</th></tr></thead>
        <tbody>
{{#CSI_ROW}}
          <tr><td>{{LABEL}}</td><td>{{IMPORTANCE}}</td><td>{{SATISFACTION}}</td><td>{{CSI}}</td><td>{{N}}</td></tr>
{{/CSI_ROW}}
        </tbody>
      </table>
    </div>
{{/CSI_TABLE}}
{{#FREE_TEXT}}
    <p class="muted"><a href="#texts">{{_The answers are listed below._}}</a></p>
{{/FREE_TEXT}}
  </section>
{{/QUESTION}}
{{#TEXTS}}
  <h2 id="texts">{{_Free-text answers_}}</h2>
{{#TEXTS_EMPTY}}
  <p class="muted">{{_No free-text answers._}}</p>
{{/TEXTS_EMPTY}}
  <ol class="texts">
{{#TEXT_ROW}}
    <li data-id="{{ANSWER_ID}}"><p class="muted">{{WHEN}} · <code>{{CODE}}</code> · <a href="{{BASE}}/surveys/{{SURVEY_ID}}/responses/{{RESPONSE_ID}}">{{_The response_}}</a></p><p class="text-answer">{{TEXT}}</p></li>
{{/TEXT_ROW}}
  </ol>
  <nav class="pager" aria-label="{{_Pages of the answers_}}">
{{#NEWEST}}
    <a href="{{URL}}" rel="first">{{_Newest_}}</a>
{{/NEWEST}}
{{#OLDER}}
    <a href="{{URL}}" rel="next">{{_Older_}}</a>
{{/OLDER}}
  </nav>
{{/TEXTS}}
</section>
