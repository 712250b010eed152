using Sym.Sdk.Hosting.TestApp;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<TestAppOptions>().BindConfiguration("TestApp");
builder.Services.AddSymSqliteStore();
if (TestAppSlack.IsConfigured(builder.Configuration))
{
    // Registered before AddSymHosting, which keeps it as the Slack client.
    TestAppSlack.Create().AddTo(builder.Services);
}

builder.AddSymHosting(h => h.AddStrategy<DurableRecordStrategy>("durable_record"));

WebApplication app = builder.Build();
app.MapSymApi("/api");
app.MapSymHealth("/health");
app.MapSymSlack("/slack");
app.Run();
