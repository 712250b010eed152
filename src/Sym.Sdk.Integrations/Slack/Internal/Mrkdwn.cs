using System.Text.Json.Nodes;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>Small Block Kit pieces and Slack's mrkdwn escaping.</summary>
internal static class Mrkdwn
{
    /// <summary>Escapes the three characters Slack gives meaning to in text: &amp;, &lt; and &gt;.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static JsonObject Text(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    public static JsonObject Plain(string text, int max = 75) =>
        new() { ["type"] = "plain_text", ["text"] = text.Length <= max ? text : text[..(max - 1)] + "…", ["emoji"] = true };

    /// <summary>Appends a node (the non-generic <see cref="JsonArray.Add(JsonNode)"/>, which is trimming-safe).</summary>
    public static void Push(this JsonArray array, JsonNode node) => array.Add(node);

    public static JsonObject Option(string value, string label) => new() { ["text"] = Plain(label), ["value"] = value };
}
