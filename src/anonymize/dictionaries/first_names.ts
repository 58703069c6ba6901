/**
 * Common given names from many languages, used to replace first names and to recognise columns
 * of person names. Plain and frequent on purpose: no name here points to anyone.
 * @module
 */

/** Given names (ASCII spelling). */
export const FIRST_NAMES: readonly string[] = `
  Aaron Abdul Abigail Ada Adam Adele Adrian Agnes Ahmed Aida Aiko Alan Albert Alberto Alejandro Alex
  Alexander Alexandra Alfred Ali Alice Alicia Alma Amanda Amelia Amina Amir Amy Ana Anders Andrea
  Andrew Angela Anita Anna Anne Anton Antonio Arjun Arthur Astrid Aurora Ava Ayesha Barbara Beatriz
  Ben Benjamin Bernard Bianca Boris Brian Bruno Camila Carl Carla Carlos Carmen Caroline Catherine
  Cecilia Charles Charlotte Chen Chloe Christian Christina Clara Claude Claudia Colin Daniel Daniela
  David Deborah Diana Diego Dimitri Dmitri Dorothy Edward Elena Eli Elias Elif Elisa Elizabeth Ella
  Ellen Emil Emily Emma Emre Enzo Eric Erik Erin Esther Ethan Eva Fatima Felix Fernando Filip Fiona
  Florian Frank Freya Gabriel Gabriela George Georgia Gerald Gianni Grace Greta Hana Hannah Hans Harry
  Hassan Helen Helena Henry Hiroshi Hugo Ian Ibrahim Ida Igor Ines Ingrid Irene Isaac Isabel Isabella
  Ivan Jack Jacob James Jan Jane Javier Jean Jennifer Jessica Jin Joan Joao Johan John Jonas Jorge
  Jose Joseph Juan Julia Julian Julie Karen Karim Karl Kate Katarina Kenji Kevin Khalid Kim Klaus
  Laila Lara Laura Lea Lena Leo Leon Leonardo Li Liam Lily Linda Lisa Lorenzo Louis Lucas Lucia Luis
  Luisa Lukas Maria Mariam Marie Marina Mario Mark Marta Martin Mary Mateo Matteo Maya Mehmet Mei
  Michael Michelle Miguel Mikhail Mila Mohamed Monica Nadia Naomi Natalia Nathan Neha Nicolas Nikolai
  Nina Noah Nora Olga Oliver Olivia Omar Oscar Pablo Paola Patricia Patrick Paul Paula Pedro Peter
  Petra Philip Pierre Pilar Priya Rafael Rahul Raquel Rashid Rebecca Ricardo Richard Rita Robert
  Roberto Rosa Ruth Ryan Sakura Samir Samuel Sandra Sara Sarah Sebastian Selin Sergei Simon Sofia
  Sonia Sophie Stefan Stella Susan Sven Tanya Teresa Thomas Tim Tobias Tom Tomas Valentina Vera Victor
  Victoria Vincent Walter Wei William Xavier Yara Yasmin Youssef Yuki Yusuf Zara Zoe Zofia
`.trim().split(/\s+/);
