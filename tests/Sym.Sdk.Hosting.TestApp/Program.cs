using Sym.Sdk.Hosting.TestApp;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<TestAppOptions>().BindConfiguration("TestApp");
builder.Services.AddSymSqliteStore();
builder.AddSymHosting(h => h.AddStrategy<DurableRecordStrategy>("durable_record"));

WebApplication app = builder.Build();
app.MapSymApi("/api");
app.MapSymHealth("/health");
app.Run();
