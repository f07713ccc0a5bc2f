namespace Collab.Web.Consultations;

/// <summary>The id of a created consultation.</summary>
public sealed record CreatedConsultation(Guid Id);
