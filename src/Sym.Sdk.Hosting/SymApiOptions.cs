namespace Sym.Sdk.Hosting;

/// <summary>
/// The JSON API's settings (<c>Sym:Api</c>): the API keys it accepts. Keys are stored only as SHA-256 hashes; mint one
/// with <see cref="SymApiKeys.Generate"/> and <see cref="SymApiKeys.Hash"/>.
/// </summary>
public sealed class SymApiOptions
{
    /// <summary>The default of <see cref="MaxRequestBodySize"/>: 64 KB.</summary>
    public const int DefaultMaxRequestBodySize = 64 * 1024;

    /// <summary>The default of <see cref="MaxUrlLength"/>: 2,048 characters.</summary>
    public const int DefaultMaxUrlLength = 2048;

    /// <summary>The accepted keys. The default value is empty: every API call is refused with 401.</summary>
    public IList<SymApiKeyOptions> Keys { get; } = new List<SymApiKeyOptions>();

    /// <summary>
    /// The largest request body the API reads, in bytes (from 1 KB to 16 MB); a larger one answers 413 problem+json before
    /// it is parsed. The default value is <see cref="DefaultMaxRequestBodySize"/> (64 KB): a request's fields are bounded
    /// by their flow's limits far below it.
    /// </summary>
    public int MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>
    /// The longest request URL (path and query, as sent) the API accepts, in characters (from 256 to 65,536); a longer one
    /// answers 414 problem+json. The default value is <see cref="DefaultMaxUrlLength"/> (2,048). Kestrel answers request
    /// lines over its own <c>Limits.MaxRequestLineSize</c> (8 KB by default) itself, without a body.
    /// </summary>
    public int MaxUrlLength { get; set; } = DefaultMaxUrlLength;
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
