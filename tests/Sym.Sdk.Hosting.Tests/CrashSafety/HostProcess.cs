using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Sym.Sdk.Hosting.Tests.CrashSafety;

/// <summary>
/// The TestApp host as a real process (<c>dotnet Sym.Sdk.Hosting.TestApp.dll</c>) on a free loopback port, with its
/// SQLite file and strategy record in a test folder (or, with <c>environment</c>, any settings: a PostgreSQL store shared
/// by several hosts). <see cref="Kill"/> sends SIGKILL: no shutdown code runs.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    public const string RequesterKey = "sym_crash-test-requester-0123456789abcdefghijklmnopqrstuv";
    public const string ApproverKey = "sym_crash-test-approver-0123456789abcdefghijklmnopqrstuvw";
    public const string AdminKey = "sym_crash-test-admin-0123456789abcdefghijklmnopqrstuvwxyz01";

    private readonly Process _process;

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public static string AppPath
    {
        get
        {
            // tests/Sym.Sdk.Hosting.Tests/bin/<Configuration>/net10.0/ → tests/Sym.Sdk.Hosting.TestApp/bin/<Configuration>/net10.0/
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string framework = output.Name;
            string configuration = output.Parent!.Name;
            return Path.Combine(TestPaths.RepositoryRoot, "tests", "Sym.Sdk.Hosting.TestApp", "bin", configuration, framework, "Sym.Sdk.Hosting.TestApp.dll");
        }
    }

    /// <summary>Starts the host over the SQLite file and record in <paramref name="folder"/>, and waits until it is healthy.</summary>
    /// <param name="folder">The test folder.</param>
    /// <param name="stallAt">Where the strategy stalls (<c>TestApp:StallAt</c>), or <see langword="null"/>.</param>
    /// <param name="environment">More settings, as environment variables (<c>Sym__Slack__BotToken</c>, …).</param>
    public static async Task<HostProcess> StartAsync(string folder, string? stallAt = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        int port = FreePort();
        string app = AppPath;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(app);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Sym__Storage__Path"] = Path.Combine(folder, "sym.db");
        start.Environment["TestApp__RecordPath"] = Path.Combine(folder, "strategy-calls.log");
        start.Environment["TestApp__StallAt"] = stallAt ?? "";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        string log = Path.Combine(folder, $"host-{process.Id}.log");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await host.WaitHealthyAsync(log);
        return host;
    }

    /// <summary>A client of the host, with an API key, or none (<see langword="null"/>: Slack signs its requests instead).</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        await Task.CompletedTask;
        _process.Dispose();
    }

    private async Task WaitHealthyAsync(string log)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (int i = 0; i < 1200; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {_process.ExitCode}: {Read(log)}");
            }

            try
            {
                HttpResponseMessage response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        throw new TimeoutException($"The host did not become healthy within a minute: {Read(log)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static readonly Lock LogLock = new();

    private static void Append(string path, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (LogLock)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    private static string Read(string path)
    {
        lock (LogLock)
        {
            return File.Exists(path) ? File.ReadAllText(path) : "(no output)";
        }
    }
}
