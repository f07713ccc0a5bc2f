namespace Collab.Web.Consultations;

/// <summary>The patient's sex as the request records it.</summary>
public enum PatientSex
{
    /// <summary>Female.</summary>
    Female = 1,
    /// <summary>Male.</summary>
    Male = 2,
    /// <summary>Neither or not stated.</summary>
    Other = 3,
}
