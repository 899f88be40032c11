using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DirectoryService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ServiceTranslations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "service_translations",
                columns: table => new
                {
                    service_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    summary = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    getting_there = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    first_visit = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_translations", x => new { x.service_id, x.language });
                    table.ForeignKey(
                        name: "fk_service_translations_services_service_id",
                        column: x => x.service_id,
                        principalTable: "services",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "service_translations");
        }
    }
}
