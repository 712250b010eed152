using System.Net.Http.Headers;
using AccessService;
using CustomAccess;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting;
using Sym.Sdk.Integrations.Slack;

// `dotnet run --project samples/AccessService -- mint-key`: a new API key and the hash to configure for it.
if (args is ["mint-key", ..])
{
    string key = SymApiKeys.Generate();
    Console.WriteLine($"key:  {key}");
    Console.WriteLine($"hash: {SymApiKeys.Hash(key)}");
    Console.WriteLine("Give the key to its owner; put only the hash in Sym:Api:Keys (with the user it acts as).");
    return;
}

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// Kestrel's limits from Kestrel:Limits (appsettings.json): bodies at most 1 MB anywhere (the API and Slack read far less),
// and request lines up to 64 KB, so a long URL reaches the API and gets its 414 problem+json instead of Kestrel's empty one.
builder.WebHost.ConfigureKestrel(kestrel => builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));

// The quickstart's strategy calls your access API with a bearer token (section CustomAccess, validated at startup).
builder.Services.AddOptions<CustomAccessOptions>().BindConfiguration(CustomAccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddHttpClient(CustomAccessStrategy.HttpClientName, static (sp, http) =>
{
    CustomAccessOptions options = sp.GetRequiredService<IOptions<CustomAccessOptions>>().Value;
    http.BaseAddress = options.ApiBaseAddress;
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiToken);
});

// Slack is optional. Sym:Slack (BotToken + SigningSecret) turns on the full Slack app: AddSymHosting adds the client,
// the notifier and MapSymSlack's endpoints (half of that pair fails the start, naming the missing setting). Slack:BotToken
// alone only lets the strategy send DMs. Without either the service runs API-only and the strategy's DMs are skipped
// (logged).
if (string.IsNullOrEmpty(builder.Configuration["Sym:Slack:BotToken"]) && !string.IsNullOrEmpty(builder.Configuration["Slack:BotToken"]))
{
    builder.Services.AddSymSlack(o => builder.Configuration.GetSection("Slack").Bind(o));
}

// Runs, audit log and timers in an embedded SQLite file (Sym:Storage:Path), or, with Sym:Storage:Provider=postgres, in the
// PostgreSQL database of Sym:Storage:ConnectionString, shared by as many instances as you run; flows from Sym:Flows.
// The web console (UseConsole, mapped at the site's root below): sign-in with your identity provider (Sym:Console:Oidc),
// or in Development the demo sign-in as one of Sym:Console:DemoUsers (appsettings.Development.json).
builder.AddSymHosting(sym => sym
    .UseConfiguredStore(builder.Configuration)
    .UseConsole()
    .AddStrategy<CustomAccessStrategy>("custom_access")
    .AddFlowImplementation<CustomAccessFlow>(CustomAccessFlow.Name));
builder.Services.TryAddSingleton<ISlackClient, NoSlackClient>(); // when neither Slack configuration added a client

WebApplication app = builder.Build();

// Errors answer problem+json and nothing more: an exception is logged, never shown (in Development the framework's
// exception page would echo the caller's headers, Authorization included), and the server's own refusals keep their
// status. Empty error answers outside the API (a wrong path) get a problem body too.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = static ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();

app.MapSymApi("/api");
app.MapSymConsole("/");
app.MapSymHealth("/health");
app.MapSymSlack("/slack"); // 404 unless Sym:Slack is configured
if (app.Configuration.GetValue<bool>("DemoAccessApi:Enabled"))
{
    DemoAccessApi.Map(app);
}

app.Run();
