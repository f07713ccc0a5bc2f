namespace Collab.Contracts.Errors;

/// <summary>One broken input rule: the field (as named in the API) and the rule in words.</summary>
[GenerateSerializer, Immutable]
public sealed record FieldError([property: Id(0)] string Field, [property: Id(1)] string Rule);
