using System.CommandLine;
using System.Text.Json;
using Sym.Sdk.Hosting;

namespace Sym.Cli.Internal;

/// <summary><c>sym keys mint</c>: a new API key and the hash the service is configured with (the host's own <see cref="SymApiKeys"/>).</summary>
internal static class KeysCommands
{
    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var user = new Option<string?>("--user", "-u") { Description = "The user the key acts as (an email), for the configuration snippet." };
        var name = new Option<string?>("--name") { Description = "A name for the key, such as alice-laptop." };
        var role = new Option<string?>("--role") { Description = "member (the default), admin or guest." };
        role.AcceptOnlyFromAmong("member", "admin", "guest");
        var mint = new Command("mint", """
            Mint a new API key offline and print it with its SHA-256 hash. Give the key to its owner once; put only the hash
            in the service's Sym:Api:Keys (with the user it acts as). Nothing is sent anywhere.
            """) { user, name, role };
        mint.SetAction(async (parse, _) =>
        {
            string key = SymApiKeys.Generate();
            string hash = SymApiKeys.Hash(key);
            var entry = new Dictionary<string, string>
            {
                ["Name"] = parse.GetValue(name) ?? "<a name for this key>",
                ["Hash"] = hash,
                ["User"] = parse.GetValue(user) ?? "<the user's email>",
            };
            if (parse.GetValue(role) is { } r && r != "member")
            {
                entry["Role"] = r;
            }

            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object> { ["key"] = key, ["hash"] = hash, ["entry"] = entry }, Json.Indented));
                return ExitCodes.Success;
            }

            await env.Out.WriteLineAsync($"key:  {key}");
            await env.Out.WriteLineAsync($"hash: {hash}");
            await env.Out.WriteLineAsync();
            await env.Out.WriteLineAsync("Give the key to its owner (it is shown only now); add this entry to Sym:Api:Keys in the service's configuration:");
            await env.Out.WriteLineAsync(JsonSerializer.Serialize(entry, Json.Indented));
            return ExitCodes.Success;
        });
        return new Command("keys", "API keys for the service.") { mint };
    }
}
