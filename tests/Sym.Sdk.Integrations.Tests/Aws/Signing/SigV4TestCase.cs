using System.Text;

namespace Sym.Sdk.Integrations.Tests.Aws.Signing;

/// <summary>One case of AWS's SigV4 test suite: the raw request parsed from <c>.req</c> and the expected outputs.</summary>
internal sealed record SigV4TestCase(
    string Name,
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string ExpectedCanonicalRequest,
    string ExpectedStringToSign,
    string ExpectedAuthorization)
{
    public const string EnvironmentVariable = "SIGV4_TEST_SUITE";

    public static string SuiteFolder =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } folder
            ? folder
            : TestPaths.Fixture("aws-sig-v4-test-suite");

    /// <summary>Every folder below the suite that holds a <c>.req</c> named after it, recursively.</summary>
    public static IEnumerable<string> CaseFolders(string suite) =>
        Directory.EnumerateDirectories(suite, "*", SearchOption.AllDirectories)
            .Where(d => File.Exists(System.IO.Path.Combine(d, System.IO.Path.GetFileName(d) + ".req")))
            .Order(StringComparer.Ordinal);

    public static SigV4TestCase Load(string folder)
    {
        string name = System.IO.Path.GetFileName(folder);
        string Read(string ext) => File.ReadAllText(System.IO.Path.Combine(folder, name + ext), Encoding.UTF8);
        (string method, string path, string query, List<KeyValuePair<string, string>> headers, byte[] body) = ParseRequest(Read(".req"));
        return new SigV4TestCase(
            System.IO.Path.GetRelativePath(SuiteFolder, folder).Replace('\\', '/'),
            method, path, query, headers, body, Read(".creq"), Read(".sts"), Read(".authz"));
    }

    /// <summary>
    /// Parses a raw HTTP/1.1 request: the request line (the target may contain spaces), headers (a repeated name is kept
    /// as another value; a line starting with whitespace continues the previous header as another value, which is how the
    /// suite's multi-line case reads), a blank line, then the body.
    /// </summary>
    internal static (string Method, string Path, string Query, List<KeyValuePair<string, string>> Headers, byte[] Body) ParseRequest(string raw)
    {
        string[] lines = raw.Split('\n');
        string requestLine = lines[0];
        int firstSpace = requestLine.IndexOf(' ', StringComparison.Ordinal);
        int lastSpace = requestLine.LastIndexOf(' ');
        string method = requestLine[..firstSpace];
        string target = requestLine[(firstSpace + 1)..lastSpace];
        int question = target.IndexOf('?', StringComparison.Ordinal);
        string path = question < 0 ? target : target[..question];
        string query = question < 0 ? string.Empty : target[(question + 1)..];

        var headers = new List<KeyValuePair<string, string>>();
        int i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            string line = lines[i];
            if (char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                headers.Add(new(headers[^1].Key, line.Trim()));
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        string body = i < lines.Length ? string.Join('\n', lines[(i + 1)..]) : string.Empty;
        return (method, path, query, headers, Encoding.UTF8.GetBytes(body));
    }

    public override string ToString() => Name;
}
