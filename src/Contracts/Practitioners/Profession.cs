namespace Collab.Contracts.Practitioners;

/// <summary>Health professions (French public health code) that may hold an account.</summary>
public enum Profession
{
    /// <summary>Médecin.</summary>
    Physician = 1,
    /// <summary>Infirmier·ère.</summary>
    Nurse = 2,
    /// <summary>Sage-femme.</summary>
    Midwife = 3,
    /// <summary>Pharmacien·ne.</summary>
    Pharmacist = 4,
    /// <summary>Chirurgien·ne-dentiste.</summary>
    Dentist = 5,
    /// <summary>Masseur-kinésithérapeute.</summary>
    Physiotherapist = 6,
    /// <summary>Secrétaire médical·e or assistant·e (no RPPS; ADELI or none).</summary>
    MedicalAssistant = 7,
    /// <summary>Administrative or IT staff of a structure (its administrators, the platform's operator): no clinical role.</summary>
    Administrator = 8,
}
