"""Operations pillar: SOP <-> workflow, diagrams and BPMN, the human/AI coexistence blueprint."""
