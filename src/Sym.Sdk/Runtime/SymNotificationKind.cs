namespace Sym.Sdk.Runtime;

/// <summary>Which <see cref="ISymNotifier"/> call an <see cref="InMemoryNotifier"/> record stands for.</summary>
public enum SymNotificationKind
{
    /// <summary><see cref="ISymNotifier.AnnounceRequestAsync"/>.</summary>
    Announce = 0,

    /// <summary><see cref="ISymNotifier.UpdateRequestAsync"/>.</summary>
    Update = 1,

    /// <summary><see cref="ISymNotifier.NotifyRequesterAsync"/>.</summary>
    Requester = 2,

    /// <summary><see cref="ISymNotifier.NotifyIgnoredAsync"/>.</summary>
    Ignored = 3,

    /// <summary><see cref="ISymNotifier.ReportErrorAsync"/>.</summary>
    Error = 4,
}
