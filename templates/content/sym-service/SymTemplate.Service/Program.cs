using Microsoft.AspNetCore.Diagnostics;
using SymTemplate.Service;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// Kestrel's limits from Kestrel:Limits (appsettings.json): request lines up to 64 KB, so a long URL reaches the API and
// gets its 414 problem+json instead of Kestrel's empty answer.
builder.WebHost.ConfigureKestrel(kestrel => builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));

// Runs, the audit log, timers and the outbox in one SQLite file (Sym:Storage:Path); flows from Sym:Flows. Slack is off
// until Sym:Slack:BotToken and Sym:Slack:SigningSecret are both set: until then requests and decisions go through the
// API, and notifications go to the log.
builder.AddSymHosting(sym => sym
    .UseSqliteStore()
    // The strategy of the flow in appsettings.json: grants nothing until you register yours (a `dotnet new sym-flow`
    // project, or the shipped okta, aws_iam, aws_sso and aws_lambda strategies, known by name).
    .AddStrategy<RecordOnlyStrategy>(RecordOnlyStrategy.TypeName));

WebApplication app = builder.Build();

// Errors answer problem+json and nothing more: an exception is logged, never shown (the developer exception page would
// echo the caller's headers, Authorization included).
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = static ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();

app.MapSymApi("/api");
app.MapSymHealth("/health");
app.MapSymSlack("/slack"); // 404 until Sym:Slack is configured

await app.RunAsync();
