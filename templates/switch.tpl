{{%AUTOESCAPE context="HTML"}}
{{!-- Choosing the business to work on. --}}
<section>
  <h1>{{_Switch business_}}</h1>
{{#NONE}}
  <p class="muted">{{_You do not belong to any business yet._}}</p>
{{/NONE}}
  <ul class="cards">
{{#BUSINESS_ITEM}}
    <li class="card">
      <h3>{{NAME}}</h3>
      <p>{{ROLE}}</p>
{{#CURRENT}}
      <p><span class="badge">{{_current_}}</span></p>
{{/CURRENT}}
      <form method="post" action="{{BASE}}/switch">
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <input type="hidden" name="business" value="{{ID}}">
        <button type="submit" class="button-small">{{_Work in this business_}}</button>
      </form>
    </li>
{{/BUSINESS_ITEM}}
  </ul>
</section>
