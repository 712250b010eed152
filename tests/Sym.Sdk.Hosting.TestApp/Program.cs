using Sym.Sdk.Hosting.TestApp;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<TestAppOptions>().BindConfiguration("TestApp");
builder.Services.AddSingleton<Sym.Sdk.Runtime.ISymNotifier, RecordingNotifier>(); // before AddSymHosting, which keeps it
builder.Services.AddSymStorage(builder.Configuration); // Sym:Storage:Provider: sqlite (the crash tests) or postgres (the multi-host tests)
builder.AddSymHosting(h => h.AddStrategy<DurableRecordStrategy>("durable_record"));

WebApplication app = builder.Build();
app.MapSymApi("/api");
app.MapSymHealth("/health");
app.Run();
