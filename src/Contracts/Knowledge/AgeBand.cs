namespace Collab.Contracts.Knowledge;

/// <summary>The patient's age as the knowledge base keeps it: a band, never a birth date or an exact age.</summary>
public enum AgeBand
{
    /// <summary>Under 2.</summary>
    Infant,

    /// <summary>2 to 11.</summary>
    Child,

    /// <summary>12 to 17.</summary>
    Adolescent,

    /// <summary>18 to 39.</summary>
    YoungAdult,

    /// <summary>40 to 64.</summary>
    Adult,

    /// <summary>65 to 79.</summary>
    Senior,

    /// <summary>80 and over.</summary>
    Elderly,
}
