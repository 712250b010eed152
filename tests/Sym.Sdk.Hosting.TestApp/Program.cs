using Sym.Sdk.Hosting.TestApp;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<TestAppOptions>().BindConfiguration("TestApp");
if (TestAppSlack.IsConfigured(builder.Configuration))
{
    // Registered before AddSymHosting, which keeps it as the Slack client; Slack is then the notifier.
    TestAppSlack.Create().AddTo(builder.Services);
}
else
{
    builder.Services.AddSingleton<Sym.Sdk.Runtime.ISymNotifier, RecordingNotifier>(); // before AddSymHosting, which keeps it
}

// Sym:Storage:Provider: sqlite (the crash tests) or postgres (the multi-host tests).
builder.AddSymHosting(h => h.UseConfiguredStore(builder.Configuration).AddStrategy<DurableRecordStrategy>("durable_record"));

WebApplication app = builder.Build();
app.MapSymApi("/api");
app.MapSymHealth("/health");
app.MapSymSlack("/slack");
app.Run();
