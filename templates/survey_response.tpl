{{%AUTOESCAPE context="HTML"}}
{{!-- One survey response: HEADING, the survey (SURVEY_TITLE, SURVEY_ID),
      WHEN, CHANNEL, VERSION, LANG_CODE, the CLIENT (CLIENT_ID,
      CLIENT_NAME), and per question of its version an ANSWER (CODE, TEXT,
      VALUE/V lines or UNANSWERED). --}}
<section>
  <p><a href="{{BASE}}/surveys/{{SURVEY_ID}}/results">{{SURVEY_TITLE}}</a></p>
  <h1>{{HEADING}}</h1>
  <div class="table-wrap">
    <table class="profile">
      <tbody>
        <tr><th scope="row">{{_Answered_}}</th><td>{{WHEN}} ({{TIMEZONE}})</td></tr>
        <tr><th scope="row">{{_Channel_}}</th><td>{{CHANNEL}}</td></tr>
        <tr><th scope="row">{{_Version of the survey_}}</th><td>{{VERSION}}</td></tr>
        <tr><th scope="row">{{_Language_}}</th><td>{{LANG_CODE}}</td></tr>
{{#CLIENT}}
        <tr><th scope="row">{{_Client_}}</th><td><a href="{{BASE}}/clients/{{CLIENT_ID}}">{{CLIENT_NAME}}</a></td></tr>
{{/CLIENT}}
      </tbody>
    </table>
  </div>
  <dl class="answers">
{{#ANSWER}}
    <dt data-code="{{CODE}}">{{TEXT}}</dt>
{{#VALUE}}
    <dd class="answer">{{V}}</dd>
{{/VALUE}}
{{#UNANSWERED}}
    <dd class="muted">{{_Not answered (or not shown)_}}</dd>
{{/UNANSWERED}}
{{/ANSWER}}
  </dl>
</section>
