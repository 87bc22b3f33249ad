{{%AUTOESCAPE context="HTML"}}
{{!-- The feedback register's lists: a LIST per kind (CODE, PATH, HEADING,
      LIST_EMPTY, ENTRY rows with ID, NAME, ERR_NAME; the add form with
      VALUE_NAME, ERR_NEW). --}}
<section>
  <p><a href="{{BASE}}/feedback">{{_All feedback_}}</a></p>
  <h1>{{_Feedback lists_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <p class="muted">{{_Feedback items are classified by these lists. A new business starts with the examples of the complaint-handling guide; change them to fit yours._}}</p>
{{#LIST}}
  <h2 id="list-{{CODE}}">{{HEADING}}</h2>
{{#LIST_EMPTY}}
  <p class="muted">{{_The list is empty._}}</p>
{{/LIST_EMPTY}}
  <ul class="list-entries">
{{#ENTRY}}
    <li data-id="{{ID}}">
      <form class="inline-form" method="post" action="{{BASE}}/admin/{{PATH}}/{{ID}}">
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <div class="field">
          <label for="name-{{CODE}}-{{ID}}" class="muted">{{_Name_}}</label>
          <input type="text" id="name-{{CODE}}-{{ID}}" name="name" value="{{NAME}}" maxlength="100" required>
{{#ERR_NAME}}
          <span class="field-error">{{MSG}}</span>
{{/ERR_NAME}}
        </div>
        <button type="submit" class="button-small">{{_Rename_}}</button>
        <a class="button button-small button-quiet" href="{{BASE}}/admin/{{PATH}}/{{ID}}/delete">{{_Remove_}}</a>
      </form>
    </li>
{{/ENTRY}}
  </ul>
  <form class="inline-form" method="post" action="{{BASE}}/admin/feedback-lists">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="list" value="{{CODE}}">
    <div class="field">
      <label for="new-{{CODE}}">{{_Add_}}</label>
      <input type="text" id="new-{{CODE}}" name="name" value="{{VALUE_NAME}}" maxlength="100">
{{#ERR_NEW}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_NEW}}
    </div>
    <button type="submit">{{_Add_}}</button>
  </form>
{{/LIST}}
</section>
