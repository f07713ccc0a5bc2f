namespace Collab.Web.Components.Consultations;

/// <summary>How the inbox orders its rows.</summary>
public enum InboxSort
{
    /// <summary>Most recently changed first.</summary>
    Activity,

    /// <summary>Waiting the longest first (since the request was sent).</summary>
    Waiting,

    /// <summary>By patient name: every row's patient must be opened first.</summary>
    Patient,
}
