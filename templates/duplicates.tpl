{{%AUTOESCAPE context="HTML"}}
{{!-- Possible duplicates: BY_EMAIL or BY_PHONE (with BY_EMAIL_URL and
      BY_PHONE_URL), ONE_CLIENT (ALL_URL) when limited to one client's
      groups, NONE, the groups (GROUP with KEY, COUNT, MEMBER rows and,
      for managers, MERGE and MERGE_CELLS) and MORE (URL). --}}
<section>
  <p><a href="{{BASE}}/clients">{{_All clients_}}</a></p>
  <h1>{{_Possible duplicates_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <p class="muted">{{_Live clients that share an e-mail address or a phone number. Merging moves the history, tags and attributes of one record into the one you keep and fills its empty fields._}}</p>
  <nav class="kind-filter" aria-label="{{_Shared value_}}">
    <a href="{{BY_EMAIL_URL}}"{{#BY_EMAIL}} aria-current="page"{{/BY_EMAIL}}>{{_Same e-mail_}}</a>
    <a href="{{BY_PHONE_URL}}"{{#BY_PHONE}} aria-current="page"{{/BY_PHONE}}>{{_Same phone_}}</a>
  </nav>
{{#ONE_CLIENT}}
  <p class="muted">{{_Only the groups of one client are shown._}} <a href="{{ALL_URL}}">{{_Show all groups_}}</a></p>
{{/ONE_CLIENT}}
{{#NONE}}
  <p class="muted">{{_No duplicates found._}}</p>
{{/NONE}}
{{#NONE_YET}}
  <p class="muted">{{_No duplicates in the part of the base checked so far._}}</p>
{{/NONE_YET}}
{{#GROUP}}
  <div class="duplicate-group">
    <h2>{{KEY}} <span class="muted">({{COUNT}})</span></h2>
{{#MERGE}}
    <form method="post" action="{{BASE}}/clients/merge">
      <input type="hidden" name="csrf" value="{{CSRF}}">
{{/MERGE}}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{{_Name_}}</th>
              <th scope="col">{{_E-mail_}}</th>
              <th scope="col">{{_Phone_}}</th>
              <th scope="col">{{_Client since_}}</th>
              <th scope="col">{{_Interactions_}}</th>
              <th scope="col">{{_Purchases total_}}</th>
{{#MERGE}}
              <th scope="col">{{_Keep_}}</th>
              <th scope="col">{{_Merge into the kept one_}}</th>
{{/MERGE}}
            </tr>
          </thead>
          <tbody>
{{#MEMBER}}
            <tr data-id="{{ID}}">
              <td><a href="{{BASE}}/clients/{{ID}}">{{NAME}}</a></td>
              <td>{{EMAIL}}</td>
              <td>{{PHONE}}</td>
              <td>{{SINCE}}</td>
              <td>{{INTERACTIONS}}</td>
              <td class="number">{{TOTAL}} {{CURRENCY}}</td>
{{#MERGE_CELLS}}
              <td><input type="radio" name="keep" value="{{ID}}" aria-label="{{_Keep_}}"></td>
              <td><input type="radio" name="other" value="{{ID}}" aria-label="{{_Merge into the kept one_}}"></td>
{{/MERGE_CELLS}}
            </tr>
{{/MEMBER}}
          </tbody>
        </table>
      </div>
{{#MERGE}}
      <div class="form-actions">
        <button type="submit">{{_Merge_}}</button>
      </div>
    </form>
{{/MERGE}}
  </div>
{{/GROUP}}
{{#MORE}}
  <nav class="pager" aria-label="{{_Pages_}}">
    <a href="{{URL}}" rel="next">{{_More groups_}}</a>
  </nav>
{{/MORE}}
{{#RESUME}}
  <nav class="pager" aria-label="{{_Pages_}}">
    <a href="{{URL}}" rel="next">{{_Check the rest of the base_}}</a>
  </nav>
{{/RESUME}}
</section>
