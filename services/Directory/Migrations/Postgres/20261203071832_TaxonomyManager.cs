using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DirectoryService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TaxonomyManager : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "also_known_as",
                table: "taxonomy_terms",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "merged_into_id",
                table: "taxonomy_terms",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "retired",
                table: "taxonomy_terms",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "also_known_as",
                table: "taxonomy_terms");

            migrationBuilder.DropColumn(
                name: "merged_into_id",
                table: "taxonomy_terms");

            migrationBuilder.DropColumn(
                name: "retired",
                table: "taxonomy_terms");
        }
    }
}
