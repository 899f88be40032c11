namespace Portal.Pages;

/// <summary>One labelled NHS.UK input with its hint and error message (Shared/_Field.cshtml).</summary>
/// <param name="Lang">The language the value is written in, when not the page's (a listing's translation): the input gets it as <c>lang</c>, with <c>dir="auto"</c>.</param>
public sealed record FieldView(PortalPage Page, string Field, string Name, string Label, string? Value, string? Hint = null,
    string Type = "text", string? Autocomplete = null, string WidthClass = "", bool Multiline = false, string? Lang = null);
