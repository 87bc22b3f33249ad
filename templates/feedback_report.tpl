{{%AUTOESCAPE context="HTML"}}
{{!-- Feedback counts of a period: the period form (VALUE_FROM, VALUE_TO),
      TOTAL, EMPTY, and a BREAKDOWN per grouping (CODE, HEADING, TOTAL,
      CHART_HEIGHT, ROW: LABEL, N, SHARE, and the bar's Y, TY, W, VX). --}}
<section>
  <p><a href="{{BASE}}/feedback">{{_All feedback_}}</a></p>
  <h1>{{_Feedback by channel and type_}}</h1>
  <form class="filters" method="get" action="{{BASE}}/feedback/report">
    <div class="field">
      <label for="from">{{_Period from_}}</label>
      <input type="date" id="from" name="from" value="{{VALUE_FROM}}">
    </div>
    <div class="field">
      <label for="to">{{_Period to_}}</label>
      <input type="date" id="to" name="to" value="{{VALUE_TO}}">
    </div>
    <button type="submit">{{_Show_}}</button>
    <a href="{{BASE}}/feedback/report">{{_All time_}}</a>
  </form>
  <p class="muted">{{_Items received in the period:_}} <span id="total">{{TOTAL}}</span>. {{_Days are in the time zone_}} {{TIMEZONE}}.</p>
{{#EMPTY}}
  <p class="muted">{{_No feedback in this period._}}</p>
{{/EMPTY}}
{{#BREAKDOWN}}
  <h2>{{HEADING}}</h2>
  <div class="table-wrap">
    <table class="counts" id="counts-{{CODE}}">
      <thead>
        <tr><th scope="col">{{HEADING}}</th><th scope="col">{{_Items_}}</th><th scope="col">{{_Share, %_}}</th></tr>
      </thead>
      <tbody>
{{#ROW}}
        <tr><th scope="row">{{LABEL}}</th><td class="number">{{N}}</td><td class="number">{{SHARE}}</td></tr>
{{/ROW}}
      </tbody>
      <tfoot>
        <tr><th scope="row">{{_Total_}}</th><td class="number">{{TOTAL}}</td><td></td></tr>
      </tfoot>
    </table>
  </div>
  <svg class="bar-chart" role="img" aria-label="{{HEADING}}" viewBox="0 0 720 {{CHART_HEIGHT}}" width="720" height="{{CHART_HEIGHT}}" xmlns="http://www.w3.org/2000/svg">
{{#ROW}}
    <g>
      <title>{{LABEL}}: {{N}} ({{SHARE}} %)</title>
      <text x="334" y="{{TY}}" text-anchor="end">{{LABEL}}</text>
      <rect x="340" y="{{Y}}" width="{{W}}" height="20"></rect>
      <text x="{{VX}}" y="{{TY}}">{{SHARE}} %</text>
    </g>
{{/ROW}}
  </svg>
{{/BREAKDOWN}}
</section>
