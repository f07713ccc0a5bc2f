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

/// <summary>Age bands from ages.</summary>
public static class AgeBands
{
    /// <summary>The band of a patient born on <paramref name="birth"/>, on <paramref name="on"/>.</summary>
    public static AgeBand Of(DateOnly birth, DateOnly on)
    {
        var years = on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);
        return years switch
        {
            < 2 => AgeBand.Infant,
            < 12 => AgeBand.Child,
            < 18 => AgeBand.Adolescent,
            < 40 => AgeBand.YoungAdult,
            < 65 => AgeBand.Adult,
            < 80 => AgeBand.Senior,
            _ => AgeBand.Elderly,
        };
    }
}
