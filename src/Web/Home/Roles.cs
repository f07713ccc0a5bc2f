namespace Collab.Web.Home;

/// <summary>Which parts of the app a practitioner may use: clinical work once active, administration by appointment.</summary>
public sealed record Roles(bool Active, bool Operator, bool StructureAdmin)
{
    public static readonly Roles None = new(false, false, false);

    /// <summary>Tele-expertise, directory, groups, patients' rights: active practitioners, never the operator (who reads no health data).</summary>
    public bool Clinical => Active && !Operator;

    /// <summary>Validations, violations and traces: the structure's administrators and the operator.</summary>
    public bool Administers => Operator || StructureAdmin;
}
