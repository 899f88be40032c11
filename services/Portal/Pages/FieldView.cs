namespace Portal.Pages;

/// <summary>One labelled NHS.UK input with its hint and error message (Shared/_Field.cshtml).</summary>
public sealed record FieldView(PortalPage Page, string Field, string Name, string Label, string? Value, string? Hint = null,
    string Type = "text", string? Autocomplete = null, string WidthClass = "", bool Multiline = false);
