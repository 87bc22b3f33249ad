{{%AUTOESCAPE context="HTML"}}
{{!-- The people behind a number (pages/dashboard_drill.c): LABEL,
      METRIC_URL, the PICKER, PART (TEXT), GROUP_SEL (TEXT), UNAVAILABLE,
      EMPTY, LIST with ROWs (REF_ID, CLIENT: ID, NAME, or ANONYMOUS; WHEN,
      SCORE, REF: URL, TEXT, or REF_TEXT: TEXT), RANGE, PREV_PAGE and
      NEXT_PAGE (URL). --}}
<section class="dashboard-drill">
  <p><a href="{{METRIC_URL}}">← {{LABEL}}</a></p>
  <h1>{{LABEL}}: {{_who is behind it_}}</h1>
{{#PART}}
  <p class="drill-part">{{_Part_}}: <code>{{TEXT}}</code></p>
{{/PART}}
{{#GROUP_SEL}}
  <p class="drill-group">{{TEXT}}</p>
{{/GROUP_SEL}}
{{>PICKER}}
{{#UNAVAILABLE}}
  <p class="metric-unavailable">{{_unavailable_}}</p>
{{/UNAVAILABLE}}
{{#EMPTY}}
  <p class="muted">{{_Nobody in this period._}}</p>
{{/EMPTY}}
{{#LIST}}
  <p class="muted">{{RANGE}}</p>
  <div class="table-wrap">
    <table class="result-table drill-table">
      <thead><tr><th scope="col">{{_Client_}}</th><th scope="col">{{_When_}}</th><th scope="col">{{_Score_}}</th><th scope="col">{{_What_}}</th></tr></thead>
      <tbody>
{{#ROW}}
        <tr data-id="{{REF_ID}}"><td>{{#CLIENT}}<a href="{{BASE}}/clients/{{ID}}">{{NAME}}</a>{{/CLIENT}}{{#ANONYMOUS}}{{_anonymous_}}{{/ANONYMOUS}}</td><td>{{WHEN}}</td><td>{{SCORE}}</td><td>{{#REF}}<a href="{{URL}}">{{TEXT}}</a>{{/REF}}{{#REF_TEXT}}{{TEXT}}{{/REF_TEXT}}</td></tr>
{{/ROW}}
      </tbody>
    </table>
  </div>
{{/LIST}}
  <nav class="pager" aria-label="{{_Pages of the list_}}">
{{#PREV_PAGE}}
    <a href="{{URL}}" rel="prev">{{_Previous_}}</a>
{{/PREV_PAGE}}
{{#NEXT_PAGE}}
    <a href="{{URL}}" rel="next">{{_Next_}}</a>
{{/NEXT_PAGE}}
  </nav>
</section>
