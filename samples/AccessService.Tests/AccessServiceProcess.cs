using System.Diagnostics;
using System.Text;

namespace AccessService.Tests;

/// <summary>
/// The sample as its own process (<c>dotnet AccessService.dll</c> from its build folder), to see how it fails to start:
/// its exit code and everything it wrote. WebApplicationFactory cannot show that reliably (a failed start races its own
/// disposal), and a start failure is what an operator sees.
/// </summary>
internal static class AccessServiceProcess
{
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment)
    {
        string folder = Directory.CreateTempSubdirectory("access-service-start-").FullName;
        string app = AppPath();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(app);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Sym__Storage__Path"] = Path.Combine(folder, "access-service.db");
        foreach (KeyValuePair<string, string> variable in environment)
        {
            start.Environment[variable.Key] = variable.Value;
        }

        var output = new StringBuilder();
        using Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // it started after all: the assertion on the exit code reports it
            await process.WaitForExitAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>samples/AccessService.Tests/bin/&lt;Configuration&gt;/net10.0/ → samples/AccessService/bin/&lt;Configuration&gt;/net10.0/AccessService.dll.</summary>
    private static string AppPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        DirectoryInfo? root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Sym.Sdk.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root?.FullName ?? throw new InvalidOperationException("No Sym.Sdk.sln above the test output."),
            "samples", "AccessService", "bin", configuration, framework, "AccessService.dll");
    }
}
