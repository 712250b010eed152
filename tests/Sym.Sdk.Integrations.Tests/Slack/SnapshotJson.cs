using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sym.Sdk.Integrations.Tests.Slack;

/// <summary>JSON as a person reads it in a snapshot: indented, with &lt;, &gt; and &amp; left as they are.</summary>
internal static class SnapshotJson
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
