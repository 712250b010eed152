namespace Sym.Sdk.Hosting;

/// <summary>
/// The JSON API's settings (<c>Sym:Api</c>): the API keys it accepts. Keys are stored only as SHA-256 hashes; mint one
/// with <see cref="SymApiKeys.Generate"/> and <see cref="SymApiKeys.Hash"/>.
/// </summary>
public sealed class SymApiOptions
{
    /// <summary>The accepted keys. The default value is empty: every API call is refused with 401.</summary>
    public IList<SymApiKeyOptions> Keys { get; } = new List<SymApiKeyOptions>();
}

/// <summary>One API key (<c>Sym:Api:Keys:&lt;n&gt;</c>): its hash and the Sym user it acts as.</summary>
public sealed class SymApiKeyOptions
{
    /// <summary>A name for the key, for the log and the audit trail (never the key itself), for example <c>ci-pipeline</c>. Required.</summary>
    public string? Name { get; set; }

    /// <summary>The lowercase hex SHA-256 of the key's UTF-8 bytes (64 characters), as <see cref="SymApiKeys.Hash"/> prints it. Required.</summary>
    public string? Hash { get; set; }

    /// <summary>The username of the Sym user the key acts as (in practice their email). Required.</summary>
    public string? User { get; set; }

    /// <summary>The user's email. The default value is <see cref="User"/>.</summary>
    public string? Email { get; set; }

    /// <summary>The user's role: <c>member</c>, <c>admin</c> or <c>guest</c>. The default value is <c>member</c>.</summary>
    public string Role { get; set; } = "member";
}
