{{%AUTOESCAPE context="HTML"}}
{{!-- The home page: what CXM is for; CLIENTS_LINK for a member of a
      business. --}}
<section class="hero">
  <h1>{{_Customer experience, measured and acted on_}}</h1>
  <p class="lead">{{_CXM keeps your client base with each client's full history, collects feedback from every channel, computes satisfaction and loyalty metrics, and recommends what to do for each segment and each client at risk._}}</p>
{{#CLIENTS_LINK}}
  <p><a class="button" href="{{BASE}}/clients">{{_Open the client base_}}</a></p>
{{/CLIENTS_LINK}}
</section>
<section aria-labelledby="what-title">
  <h2 id="what-title">{{_What it covers_}}</h2>
  <ul class="cards">
    <li class="card">
      <h3>{{_Client base_}}</h3>
      <p>{{_Visits, purchases, calls, reviews and complaints in one timeline per client._}}</p>
    </li>
    <li class="card">
      <h3>{{_Surveys and feedback_}}</h3>
      <p>{{_Questionnaires by link, reviews and complaints from every channel, each answered on time._}}</p>
    </li>
    <li class="card">
      <h3>{{_Metrics_}}</h3>
      <p>{{_CSAT, NPS, CES, CSI, retention, churn and lifetime value, with trends over time._}}</p>
    </li>
    <li class="card">
      <h3>{{_Segments and actions_}}</h3>
      <p>{{_Clients grouped automatically, with a recommended next step for every group._}}</p>
    </li>
    <li class="card">
      <h3>{{_Reports_}}</h3>
      <p>{{_PDF and Excel reports for owners and managers._}}</p>
    </li>
  </ul>
</section>
