namespace Collab.Contracts.Knowledge;

/// <summary>The patient's sex as an anonymous case states it (or not).</summary>
public enum CaseSex
{
    /// <summary>Not stated.</summary>
    Unspecified,

    /// <summary>Female.</summary>
    Female,

    /// <summary>Male.</summary>
    Male,
}
